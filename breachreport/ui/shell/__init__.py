"""The screens around the incidents: first run, sign-in, the overview (register), starting an
incident, the organisation profile, one's own account, and the signed-in sidebar.

Each screen lives in its own module and reads and acts through ``context`` only (services and
accounts); no SQL, no crypto, no decrypted data kept between reruns.
"""

from .account import account
from .first_run import first_run, needs_setup
from .new_incident import new_incident
from .organisation import organisation
from .overview import overview
from .sidebar import signed_in_sidebar
from .sign_in import sign_in
from .users import users

__all__ = [
    "account",
    "first_run",
    "needs_setup",
    "new_incident",
    "organisation",
    "overview",
    "sign_in",
    "signed_in_sidebar",
    "users",
]
