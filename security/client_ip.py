"""The visitor's address, for the booking rate limit and the admin lockout.

Behind TRUSTED_PROXY_COUNT reverse proxies, each appends the address it saw to CLIENT_IP_HEADER
(X-Forwarded-For by default) and the last one is the peer. Everything left of what they appended is
the client's to forge, so the visitor is the right-most address no trusted proxy wrote. A missing,
short or malformed header gives the peer's address: a junk value never skips a limit.
"""

import ipaddress

from django.conf import settings


def _valid(address):
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def client_ip(request):
    peer = request.META.get("REMOTE_ADDR", "")
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted <= 0:
        return peer
    header = request.META.get(settings.CLIENT_IP_HEADER, "")
    chain = [part.strip() for part in header.split(",")] if header else []
    chain.append(peer)  # the nearest proxy
    if len(chain) <= trusted:
        return peer
    return _valid(chain[-(trusted + 1)]) or peer
