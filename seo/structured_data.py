"""Schema.org structured data (JSON-LD) for every page: one @graph, built from what the visible page shows.

Contract: `graph(view)` returns one plain dict ready for `json.dumps`; the `ld_json` template filter
escapes it for a single <script type="application/ld+json"> element. Every page's graph defines the
site (`WebSite`) and the clinic (`MedicalClinic`, read from ClinicSettings only, so the footer and the
graph never disagree) once, and every other node points at them, and at each other, by a stable @id:

    {home}#website  {home}#clinic  {canonical}  {canonical}#breadcrumb  {canonical}#faq
    {therapy page}#therapy  {canonical}#condition-{slug}  {profile page}#person or {home}#person-{pk}

Every type and property used here is checked against schema.org's vocabulary in the tests
(tests/data/schemaorg-subset.json, from release 30). Building the graph costs no query per node: it reads
what the page has already loaded.
"""

from urllib.parse import urljoin

from django.utils.html import strip_tags
from django.utils.text import slugify

SCHEMA = "https://schema.org"

# Typed guide blocks: who a therapy helps are conditions it treats (MedicalCondition.possibleTreatment,
# since schema.org gives MedicalTherapy no property for them); who it may not suit are contraindications.
CONDITIONS_BLOCK = "who_it_helps"
THERAPY_BLOCKS = [
    ("not_right_for", "contraindication", "MedicalContraindication"),
    ("risks", "adverseOutcome", "MedicalEntity"),
]
THERAPY_BLOCK_NAMES = {CONDITIONS_BLOCK, *(name for name, _, _ in THERAPY_BLOCKS)}


def plain(rich_text):
    return strip_tags(getattr(rich_text, "source", rich_text) or "").strip()


def ref(node_id):
    return {"@id": node_id}


def website_id(page):
    return f"{page.seo_home_url}#website"


def clinic_id(page):
    return f"{page.seo_home_url}#clinic"


def graph(view):
    """The page's whole graph: the site, the clinic, the page's own nodes, its breadcrumbs and its people."""
    view.people = {}  # Person nodes by @id, filled in as authors and reviewers are referenced
    nodes = [website(view), medical_clinic(view), *(node for node in view.page.structured_data(view) if node)]
    if view.breadcrumbs:
        nodes.append(breadcrumb_list(view))
    nodes.extend(view.people.values())
    return {"@context": SCHEMA, "@graph": nodes}


def website(view):
    page = view.page
    return {
        "@type": "WebSite",
        "@id": website_id(page),
        "name": page.seo_sitename,
        "url": page.seo_home_url,
        "inLanguage": view.locale.replace("_", "-"),
        "publisher": ref(clinic_id(page)),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{page.seo_home_url}search/?q={{search_term_string}}"},
        },
    }


def medical_clinic(view):
    """The clinic, read from ClinicSettings (plus the editor's extra markup from Settings > SEO)."""
    from seo.models import extra_org_markup

    page = view.page
    clinic = page.clinic
    data = {
        "@type": "MedicalClinic",
        "@id": clinic_id(page),
        "name": page.seo_sitename,
        "url": page.seo_home_url,
        "medicalSpecialty": f"{SCHEMA}/Psychiatric",
        "telephone": clinic.phone_href.removeprefix("tel:"),
        "email": clinic.email,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": clinic.street_address,
            "addressLocality": clinic.locality,
            "addressRegion": clinic.region,
            "postalCode": clinic.postal_code,
            "addressCountry": clinic.country,
        },
    }
    if page.seo_logo_url:
        data["logo"] = {"@type": "ImageObject", "url": page.seo_logo_url, "contentUrl": page.seo_logo_url}
    if clinic.latitude is not None and clinic.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(clinic.latitude),
            "longitude": float(clinic.longitude),
        }
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
    if page.is_home():
        # Listing the services costs a query: the home page, where crawlers look for them, carries it.
        services = [
            ref(therapy_id(service.get_full_url(view.request))) | {"@type": "MedicalTherapy", "name": service.title}
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


def breadcrumb_list(view):
    return {
        "@type": "BreadcrumbList",
        "@id": f"{view.canonical_url}#breadcrumb",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": crumb["title"], "item": crumb["full_url"]}
            for position, crumb in enumerate(view.breadcrumbs, start=1)
        ],
    }


def person(view, someone):
    """A reference to an author or reviewer; their node is added to the graph once."""
    page = view.page
    profile = someone.get_url(view.request)
    url = urljoin(page.seo_home_url, profile) if profile else None
    node_id = f"{url}#person" if url else f"{page.seo_home_url}#person-{someone.pk}"
    if node_id not in view.people:
        data = {"@type": "Person", "@id": node_id, "name": someone.name}
        if url:
            data["url"] = url
        if someone.role:
            data["jobTitle"] = someone.role
        if someone.credentials:
            data["honorificSuffix"] = someone.credentials
            data["hasCredential"] = [
                {"@type": "EducationalOccupationalCredential", "name": credential.strip()}
                for credential in someone.credentials.split(",")
                if credential.strip()
            ]
        if someone.same_as_urls:
            data["sameAs"] = someone.same_as_urls
        view.people[node_id] = data
    return ref(node_id)


def web_page(view, types="WebPage"):
    page = view.page
    data = {
        "@type": types,
        "@id": view.canonical_url,
        "url": view.canonical_url,
        "name": view.name,
        "inLanguage": view.locale.replace("_", "-"),
        "isPartOf": ref(website_id(page)),
        "publisher": ref(clinic_id(page)),
    }
    if view.description:
        data["description"] = view.description
    if view.breadcrumbs:
        data["breadcrumb"] = ref(f"{view.canonical_url}#breadcrumb")
    if view.image:
        data["primaryImageOfPage"] = {
            "@type": "ImageObject",
            "url": view.image["url"],
            "contentUrl": view.image["url"],
            **({"caption": view.image["alt"]} if view.image["alt"] else {}),
        }
    if page.first_published_at:
        data["datePublished"] = page.first_published_at.isoformat()
    if page.content_modified_at:
        data["dateModified"] = page.content_modified_at.isoformat()
    return data


def reviewed(view, data):
    """Adds who medically reviewed the page and when, as the byline shows them."""
    page = view.page
    if page.reviewed_by:
        data["reviewedBy"] = person(view, page.reviewed_by)
    if page.last_reviewed:
        data["lastReviewed"] = page.last_reviewed.isoformat()
    return data


def therapy_id(therapy_url):
    return f"{therapy_url}#therapy"


def medical_therapy(view, name, node_id, url=None, description=None):
    """A therapy with its contraindications and adverse outcomes, and the conditions it treats, from the
    typed guide blocks. Returns the nodes: the therapy first, then one MedicalCondition per condition."""
    page = view.page
    data = {"@type": "MedicalTherapy", "@id": node_id, "name": name}
    if url:
        data["url"] = url
    if description:
        data["description"] = description
    for block_name, prop, schema_type in THERAPY_BLOCKS:
        entries = [entity(schema_type, item["title"], plain(item["text"])) for item in block_items(page, block_name)]
        if entries:
            data[prop] = entries
    conditions = [
        entity("MedicalCondition", item["title"], plain(item["text"]))
        | {"@id": f"{view.canonical_url}#condition-{slugify(item['title'])}", "possibleTreatment": ref(node_id)}
        for item in block_items(page, CONDITIONS_BLOCK)
    ]
    return [data, *conditions]


def block_items(page, *block_names):
    return [item for child in page.body if child.block_type in block_names for item in child.value["items"]]


def entity(schema_type, name, description=""):
    return {"@type": schema_type, "name": name, **({"description": description} if description else {})}


def faq_page(view):
    """FAQPage from the page's FAQ and cost-and-insurance blocks, or None when it has none."""
    questions = [
        {
            "@type": "Question",
            "name": item["question"],
            "acceptedAnswer": {"@type": "Answer", "text": plain(item["answer"])},
        }
        for item in block_items(view.page, "faq", "costs")
    ]
    if not questions:
        return None
    return {
        "@type": "FAQPage",
        "@id": f"{view.canonical_url}#faq",
        "isPartOf": ref(view.canonical_url),
        "mainEntity": questions,
    }


def reserve_action(view):
    page = view.page
    booking = page.clinic.booking
    if not booking:
        return None
    return {
        "@type": "ReserveAction",
        "name": booking.text,
        "target": {"@type": "EntryPoint", "urlTemplate": absolute_link(page, booking)},
        "provider": ref(clinic_id(page)),
    }


# --- Sources (the references block, site_pages.blocks) ------------------------------------------------
def citations(page):
    """The sources the page's references blocks list, as schema.org CreativeWorks for `citation`."""
    from site_pages.blocks import references_in

    works = []
    for source in references_in(page.body):
        work = {"@type": "CreativeWork", "name": source["title"], "url": source.href}
        if source.get("authors"):
            # Free text ("Smith J, Doe A"): schema.org's text credit, since author expects Person nodes.
            work["creditText"] = source["authors"]
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


def service_page(view):
    page = view.page
    therapy, *conditions = medical_therapy(
        view, page.title, therapy_id(view.canonical_url), view.canonical_url, page.summary
    )
    data = add_citations(page, reviewed(view, web_page(view, "MedicalWebPage")))
    data["about"] = [ref(therapy["@id"]), *(ref(condition["@id"]) for condition in conditions)]
    action = reserve_action(view)
    if action:
        data["potentialAction"] = action
    return [data, therapy, *conditions]


def blog_post(view):
    """A post is a MedicalWebPage that crawlers wanting an article can also read as a BlogPosting."""
    page = view.page
    data = add_citations(page, reviewed(view, web_page(view, ["MedicalWebPage", "BlogPosting"])))
    data.update(headline=page.title, datePublished=page.date.isoformat())
    authors = [person(view, someone) for someone in page.author_people]
    if authors:
        data["author"] = authors
    nodes = [data]
    treatment = page.treatment
    if treatment or any(child.block_type in THERAPY_BLOCK_NAMES for child in page.body):
        url = treatment.get_full_url(view.request) if treatment else None
        node_id = therapy_id(url or view.canonical_url)
        therapy, *conditions = medical_therapy(view, treatment.title if treatment else page.title, node_id, url)
        data["about"] = [ref(node_id), *(ref(condition["@id"]) for condition in conditions)]
        nodes += [therapy, *conditions]
    return nodes
