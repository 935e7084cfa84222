"""``python -m forms [DIR]``: write every template as ``<key>.docx`` into DIR (default ``templates``)."""

import sys

from greendiag.forms.templates import write_templates

for path in write_templates(sys.argv[1] if len(sys.argv) > 1 else "templates"):
    print(path)
