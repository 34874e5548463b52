"""The reports view (issue 7): pick a report, set its parameters, see tables and charts,
export to PDF or xlsx, save the parameters as a template that reruns in one click.

The numbers come from `crm_desktop.services.reports`; this package only shows them.
"""
