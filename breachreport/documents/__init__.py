"""Documents rendered from the facts: the IMY notification in Swedish and English, Markdown and HTML.

Templates live in the top-level ``templates/`` folder and receive plain view models only.
"""

from .notification import FilingInfo, NotificationContext, render_notification

__all__ = ["FilingInfo", "NotificationContext", "render_notification"]
