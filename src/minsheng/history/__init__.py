"""The data's history from git: repository access, the audit trail, a revision's data folder."""
