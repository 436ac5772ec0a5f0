"""The supplier contact's whole app: what someone who opens an invitation link sees.

``pages()`` gives the router the pages of a session that came through a link (or tried to), and
None otherwise; such a session never reaches the register, the settings or other incidents.
"""

from .navigation import pages

__all__ = ["pages"]
