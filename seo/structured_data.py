"""Schema.org structured data (JSON-LD) for every page, built from what the visible page shows.

Contract: each function returns plain dicts ready for `json.dumps`; the `ld_json` template filter
escapes them for a <script type="application/ld+json"> element. The clinic's own data comes from
ClinicSettings only, so the footer and MedicalClinic can never disagree.
"""

from urllib.parse import urljoin

from django.utils.html import strip_tags

SCHEMA = "https://schema.org"

# Typed guide blocks and the MedicalTherapy property each one feeds.
THERAPY_BLOCKS = [
    ("who_it_helps", "indication", "MedicalIndication"),
    ("not_right_for", "contraindication", "MedicalContraindication"),
    ("risks", "adverseOutcome", "MedicalEntity"),
]
THERAPY_BLOCK_NAMES = {name for name, _, _ in THERAPY_BLOCKS}


def plain(rich_text):
    return strip_tags(getattr(rich_text, "source", rich_text) or "").strip()


def clinic_id(page):
    return f"{page.seo_home_url}#clinic"


def clinic_reference(page):
    """The clinic as publisher or provider: enough to identify it, pointing at the full node by @id."""
    data = {"@type": "MedicalClinic", "@id": clinic_id(page), "name": page.seo_sitename, "url": page.seo_home_url}
    if page.seo_logo_url:
        data["logo"] = {"@type": "ImageObject", "url": page.seo_logo_url}
    return data


def medical_clinic(page):
    """The clinic, read from ClinicSettings (plus the editor's extra markup from Settings > SEO)."""
    from seo.models import extra_org_markup

    clinic = page.clinic
    data = {"@context": SCHEMA, **clinic_reference(page), "medicalSpecialty": "Psychiatric"}
    data.update(
        telephone=clinic.phone_href.removeprefix("tel:"),
        email=clinic.email,
        address={
            "@type": "PostalAddress",
            "streetAddress": clinic.street_address,
            "addressLocality": clinic.locality,
            "addressRegion": clinic.region,
            "postalCode": clinic.postal_code,
            "addressCountry": clinic.country,
        },
    )
    hours = [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": [f"{SCHEMA}/{day}" for day in child.value.sorted_days],
            "opens": child.value["opens"].strftime("%H:%M"),
            "closes": child.value["closes"].strftime("%H:%M"),
        }
        for child in clinic.opening_hours
    ]
    if hours:
        data["openingHoursSpecification"] = hours
    services = [
        {"@type": "MedicalTherapy", "name": service.title, "url": service.get_full_url(page.seo_request)}
        for service in page.clinic_services()
    ]
    if services:
        data["availableService"] = services
    profiles = [absolute_link(page, child.value) for child in clinic.social_links]
    if profiles:
        data["sameAs"] = profiles
    data.update(extra_org_markup(page.seo_org_fields))
    return data


def absolute_link(page, link):
    """A LinkValue or the clinic's BookingTarget as an absolute URL (pages on this site are relative)."""
    return urljoin(page.seo_home_url, link.url)


def website(page):
    return {
        "@context": SCHEMA,
        "@type": "WebSite",
        "@id": f"{page.seo_home_url}#website",
        "name": page.seo_sitename,
        "url": page.seo_home_url,
        "publisher": {"@id": clinic_id(page)},
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{page.seo_home_url}search/?q={{search_term_string}}"},
            "query-input": "required name=search_term_string",
        },
    }


def breadcrumb_list(page):
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": crumb["title"], "item": crumb["full_url"]}
            for position, crumb in enumerate(page.breadcrumbs, start=1)
        ],
    }


def person(page, someone):
    data = {"@type": "Person", "name": someone.name}
    if someone.credentials:
        data["honorificSuffix"] = someone.credentials
    if someone.role:
        data["jobTitle"] = someone.role
    if someone.profile_page:
        data["url"] = someone.profile_page.get_full_url(page.seo_request)
    return data


def web_page(page, types="WebPage"):
    data = {
        "@context": SCHEMA,
        "@type": types,
        "@id": page.seo_canonical_url,
        "url": page.seo_canonical_url,
        "name": page.title,
        "isPartOf": {"@id": f"{page.seo_home_url}#website"},
        "publisher": clinic_reference(page),
    }
    if page.seo_description:
        data["description"] = page.seo_description
    if page.seo_image_url:
        data["image"] = page.seo_image_url
    return data


def reviewed(page, data):
    """Adds who medically reviewed the page and when, as the byline shows them."""
    if page.reviewed_by:
        data["reviewedBy"] = person(page, page.reviewed_by)
    if page.last_reviewed:
        data["lastReviewed"] = page.last_reviewed.isoformat()
    return data


def medical_therapy(page, name, url=None, description=None):
    """A therapy, its indications, contraindications and adverse outcomes read from the typed guide blocks."""
    data = {"@type": "MedicalTherapy", "name": name}
    if url:
        data["url"] = url
    if description:
        data["description"] = description
    for block_name, prop, schema_type in THERAPY_BLOCKS:
        entries = [
            {
                "@type": schema_type,
                "name": item["title"],
                **({"description": plain(item["text"])} if item["text"] else {}),
            }
            for child in page.body
            if child.block_type == block_name
            for item in child.value["items"]
        ]
        if entries:
            data[prop] = entries
    return data


def entity(schema_type, name, description=""):
    return {"@type": schema_type, "name": name, **({"description": description} if description else {})}


def faq_page(page):
    """FAQPage from the page's FAQ blocks, or None when it has none."""
    questions = [
        {
            "@type": "Question",
            "name": item["question"],
            "acceptedAnswer": {"@type": "Answer", "text": plain(item["answer"])},
        }
        for child in page.body
        if child.block_type == "faq"
        for item in child.value["items"]
    ]
    if not questions:
        return None
    return {"@context": SCHEMA, "@type": "FAQPage", "@id": f"{page.seo_canonical_url}#faq", "mainEntity": questions}


def reserve_action(page):
    booking = page.clinic.booking
    if not booking:
        return None
    return {
        "@type": "ReserveAction",
        "name": booking.text,
        "target": {"@type": "EntryPoint", "urlTemplate": absolute_link(page, booking)},
        "provider": {"@id": clinic_id(page)},
    }


# --- Sources (the references block, site_pages.blocks) ------------------------------------------------
def citations(page):
    """The sources the page's references blocks list, as schema.org CreativeWorks for `citation`."""
    from site_pages.blocks import references_in

    works = []
    for source in references_in(page.body):
        work = {"@type": "CreativeWork", "name": source["title"], "url": source.href}
        if source.get("authors"):
            work["author"] = source["authors"]
        if source.get("publisher"):
            work["publisher"] = {"@type": "Organization", "name": source["publisher"]}
        if source.get("year"):
            work["datePublished"] = str(source["year"])
        if source.get("doi"):
            work["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": source["doi"]}
        works.append(work)
    return works


def add_citations(page, data):
    if works := citations(page):
        data["citation"] = works
    return data


def service_page(page):
    data = add_citations(page, reviewed(page, web_page(page, "MedicalWebPage")))
    data["about"] = medical_therapy(page, page.title, page.seo_canonical_url, page.summary)
    action = reserve_action(page)
    if action:
        data["potentialAction"] = action
    return data


def blog_post(page):
    """A post is a MedicalWebPage that crawlers wanting an article can also read as a BlogPosting."""
    data = add_citations(page, reviewed(page, web_page(page, ["MedicalWebPage", "BlogPosting"])))
    data.update(
        headline=page.title,
        datePublished=page.date.isoformat(),
        mainEntityOfPage=page.seo_canonical_url,
    )
    if page.last_published_at:
        data["dateModified"] = page.last_published_at.isoformat()
    authors = [person(page, someone) for someone in page.author_people]
    if authors:
        data["author"] = authors
    treatment = page.treatment
    if treatment or any(child.block_type in THERAPY_BLOCK_NAMES for child in page.body):
        name = treatment.title if treatment else page.title
        url = treatment.get_full_url(page.seo_request) if treatment else None
        data["about"] = medical_therapy(page, name, url)
    return data
