"""The screens around the incidents: first run, sign-in, the overview (register), starting an
incident, the organisation profile, one's own account, the signed-in sidebar, and the suppliers'
bulletins (signing them on a supplier's install, importing them on a controller's).

Each screen lives in its own module and reads and acts through ``context`` only (services and
accounts); no SQL, no crypto, no decrypted data kept between reruns.
"""

from .account import account
from .bulletins import TITLE as BULLETINS_TITLE
from .bulletins import bulletins
from .first_run import first_run, needs_setup
from .new_incident import new_incident
from .organisation import organisation
from .overview import overview
from .sidebar import signed_in_sidebar
from .sign_in import sign_in
from .suppliers import TITLE as SUPPLIERS_TITLE
from .suppliers import suppliers
from .users import users

__all__ = [
    "BULLETINS_TITLE",
    "SUPPLIERS_TITLE",
    "account",
    "bulletins",
    "first_run",
    "needs_setup",
    "new_incident",
    "organisation",
    "overview",
    "sign_in",
    "signed_in_sidebar",
    "suppliers",
    "users",
]
