"""Spreadsheet exports (CSV and XLSX) that open safely and correctly.

Two rules for every export of the project, whether written by our own views
(``csv_response``) or by Wagtail's ``SpreadsheetExportMixin`` (the events
reports, and Wagtail's own reports: site history, search terms, redirects…,
through ``protect_wagtail_exports``, installed by ``CoreConfig.ready``):

- **No formula injection** (OWASP "CSV injection"): a text cell starting
  with ``= + - @``, a tab or a carriage return gets a leading apostrophe,
  so a member named ``=HYPERLINK("http://evil")`` stays text in the
  organiser's spreadsheet. Numbers and dates are left as they are.
- **CSV in UTF-8 with a byte order mark**, so spreadsheets that guess the
  encoding read "Confirmée" and not "ConfirmÃ©e".
"""

import csv

from django.http import HttpResponse

#: What makes a spreadsheet read a cell as a formula (OWASP's list).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

#: The byte order mark that tells spreadsheets a CSV is UTF-8.
CSV_BOM = "\ufeff"

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def spreadsheet_safe(value):
    """``value``, made inert if it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def csv_response(filename, rows):
    """A CSV download of ``rows`` (the first one being the headings), every
    cell made safe, UTF-8 with a byte order mark."""
    response = HttpResponse(content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write(CSV_BOM)
    writer = csv.writer(response)
    for row in rows:
        writer.writerow([spreadsheet_safe(value) for value in row])
    return response


def protect_wagtail_exports():
    """Apply both rules to every view built on Wagtail's
    ``SpreadsheetExportMixin`` (ours and Wagtail's own), whatever its format.

    Wagtail writes cells as given and CSVs without a byte order mark; its
    XLSX writer only keeps a cell from being stored as a formula, which
    Excel recomputes as soon as someone edits the cell. Idempotent.
    """
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    if getattr(SpreadsheetExportMixin, "cmhub_protected", False):
        return
    preprocess_field_value = SpreadsheetExportMixin.preprocess_field_value
    get_heading = SpreadsheetExportMixin.get_heading
    stream_csv = SpreadsheetExportMixin.stream_csv
    write_csv_response = SpreadsheetExportMixin.write_csv_response

    def safe_preprocess_field_value(self, field, value, export_format):
        return spreadsheet_safe(preprocess_field_value(self, field, value, export_format))

    def safe_get_heading(self, queryset, field):
        return spreadsheet_safe(get_heading(self, queryset, field))

    def stream_csv_with_bom(self, queryset):
        yield CSV_BOM.encode()
        yield from stream_csv(self, queryset)

    def write_utf8_csv_response(self, queryset):
        response = write_csv_response(self, queryset)
        response["Content-Type"] = CSV_CONTENT_TYPE
        return response

    SpreadsheetExportMixin.preprocess_field_value = safe_preprocess_field_value
    SpreadsheetExportMixin.get_heading = safe_get_heading
    SpreadsheetExportMixin.stream_csv = stream_csv_with_bom
    SpreadsheetExportMixin.write_csv_response = write_utf8_csv_response
    SpreadsheetExportMixin.cmhub_protected = True
