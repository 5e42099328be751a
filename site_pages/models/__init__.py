from .crisis import CrisisSupportMixin
from .pages import ServicePage, StandardPage
from .people import Person
from .review import ClinicalReviewTask
from .site_settings import ClinicSettings, NavigationSettings, SiteNotice

__all__ = [
    "ClinicalReviewTask",
    "ClinicSettings",
    "CrisisSupportMixin",
    "NavigationSettings",
    "Person",
    "ServicePage",
    "SiteNotice",
    "StandardPage",
]
