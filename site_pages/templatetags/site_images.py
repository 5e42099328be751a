"""`{% site_picture image "content" alt=... %}`: Wagtail's {% picture %} with a rendition named in
site_pages/renditions.py, so the templates and the warmers there can never ask for different sizes."""

from django import template
from django.template.base import Token
from wagtail.images.templatetags.wagtailimages_tags import image as image_tag

from site_pages.renditions import RENDITIONS

register = template.Library()


@register.tag
def site_picture(parser, token):
    try:
        _tag, image, name, *rest = token.split_contents()
        spec = RENDITIONS[name.strip("\"'")]
    except (ValueError, KeyError) as error:
        raise template.TemplateSyntaxError(
            f"site_picture takes an image and one of {sorted(RENDITIONS)}: {token.contents}"
        ) from error
    contents = " ".join(["picture", image, spec, *rest])
    return image_tag(parser, Token(token.token_type, contents, token.position, token.lineno))
