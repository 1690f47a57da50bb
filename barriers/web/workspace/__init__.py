"""The officers' workspace: the inbox (/workspace/) and one page per complaint to triage it
(/workspace/complaints/<reference>/). Views are thin: reads through barriers.selectors.workspace,
writes through the complaint services, permission questions to barriers.permissions."""
