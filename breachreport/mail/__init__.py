"""Mail through the organisation's SMTP server: the messages (from templates/, Swedish and English)
and the transport (STARTTLS, TLS or plain, with a timeout). A mail carries a reference, a deadline
and a link, never facts about a breach: mail is not encrypted at rest on the servers it passes."""
