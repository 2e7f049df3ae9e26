from .generation import ContentGeneration
from .images import PartnershipImage, PartnershipRendition
from .issue import IssueIndexPage, IssuePage
from .pages import (
    ActivityNewsIndexPage,
    ActivityNewsPage,
    ArticlePage,
    EventIndexPage,
    EventPage,
    GatewayNewsIndexPage,
    GatewayNewsPage,
    HomePage,
    InterviewIndexPage,
    InterviewPage,
    SuccessStoryIndexPage,
    SuccessStoryPage,
)
from .partnership import PartnershipSettings
from .snippets import MemberCluster, SmeTool

__all__ = [
    "ActivityNewsIndexPage", "ActivityNewsPage", "ArticlePage", "ContentGeneration", "EventIndexPage", "EventPage",
    "GatewayNewsIndexPage", "GatewayNewsPage", "HomePage", "InterviewIndexPage", "InterviewPage",
    "IssueIndexPage", "IssuePage", "MemberCluster", "PartnershipImage", "PartnershipRendition",
    "PartnershipSettings", "SmeTool", "SuccessStoryIndexPage", "SuccessStoryPage",
]
