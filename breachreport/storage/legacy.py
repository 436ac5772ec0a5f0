"""TRANSITIONAL (issue 16): the old flat ``Transaction`` method names and where each one lives now.

``Transaction.__getattr__`` forwards an old name to its repository, and /tmp/team/rewrite_tx.py
rewrites call sites with this table. Once every caller says ``tx.<repository>.<method>(...)``,
this module and the ``__getattr__`` go; nothing else may come to depend on them.
"""

from __future__ import annotations

# old name -> (repository attribute of the transaction, method of that repository)
LEGACY: dict[str, tuple[str, str]] = {
    # tx.incidents
    "create_incident": ("incidents", "create"),
    "load_incident": ("incidents", "load"),
    "incident_id": ("incidents", "id_of"),
    "incident_refs": ("incidents", "refs"),
    "update_incident": ("incidents", "update"),
    "set_status": ("incidents", "set_status"),
    # tx.events; its old call ``events(incident_id)`` reaches the transitional __call__
    "append_event": ("events", "append"),
    "events": ("events", "for_incident"),
    # tx.register
    "list_incidents": ("register", "rows"),
    # tx.filings; its old call ``filings(incident_id)`` reaches the transitional __call__
    "create_filing": ("filings", "create"),
    "filings": ("filings", "for_incident"),
    "filing_document": ("filings", "document"),
    "set_case_number": ("filings", "set_case_number"),
    # tx.actors
    "ensure_actor": ("actors", "ensure"),
    "find_actor": ("actors", "find"),
    "actor": ("actors", "get"),
    # tx.accounts
    "account_count": ("accounts", "count"),
    "claim_first_account": ("accounts", "claim_first"),
    "create_account": ("accounts", "create"),
    "find_account": ("accounts", "find"),
    "account": ("accounts", "get"),
    "list_accounts": ("accounts", "all"),
    "update_account": ("accounts", "update"),
    # tx.organisation
    "organisation_profile": ("organisation", "profile"),
    "save_organisation_profile": ("organisation", "save"),
    # tx.invitations; its old call ``invitations(incident_id)`` reaches the transitional __call__
    "create_invitation": ("invitations", "create"),
    "find_invitation": ("invitations", "find"),
    "invitation": ("invitations", "get"),
    "invitations": ("invitations", "for_incident"),
    "update_invitation": ("invitations", "update"),
    # tx.proposals; its old call ``proposals(incident_id)`` reaches the transitional __call__
    "create_proposal": ("proposals", "create"),
    "proposal": ("proposals", "get"),
    "proposals": ("proposals", "for_incident"),
    "pending_proposal_counts": ("proposals", "pending_counts"),
    "decide_proposal": ("proposals", "decide"),
    # tx.reviews
    "add_assignment": ("reviews", "add_assignment"),
    "assignments": ("reviews", "assignments"),
    "assigned_incident_ids": ("reviews", "assigned_incident_ids"),
    "remove_assignment": ("reviews", "remove_assignment"),
    "add_comment": ("reviews", "add_comment"),
    "comments": ("reviews", "comments"),
    "add_approval": ("reviews", "add_approval"),
    "approved_versions": ("reviews", "approved_versions"),
    "approvals": ("reviews", "approvals"),
    # tx.evidence
    "add_evidence": ("evidence", "add"),
    "evidence_files": ("evidence", "for_incident"),
    "evidence_file": ("evidence", "get"),
    "evidence_content": ("evidence", "content"),
    # tx.settings
    "setting": ("settings", "get"),
    "save_setting": ("settings", "save"),
    # tx.shredding
    "shred_incident": ("shredding", "shred"),
    "tombstones": ("shredding", "tombstones"),
    "tombstone": ("shredding", "tombstone"),
    "last_activity": ("shredding", "last_activity"),
    # tx.keys
    "rewrap_data_keys": ("keys", "rewrap"),
    "master_key_usage": ("keys", "usage"),
}
