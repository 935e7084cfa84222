"""The official annexes as docxtpl templates built by code, their context models and the renderer.

Public API: :func:`render_all` ``(case, assessment, out_dir) -> list[Path]``; also
:func:`render_documents`, :func:`output_names`, :func:`safe_name`, :data:`CONTEXT_MODELS`,
:func:`template_bytes`.  See ``docs/forms.md`` for the documents, their sources
(《北京市制造业绿色诊断工作规则》附件1-1至1-3, 《北京市工业园区绿色诊断工作指南》附件2-1至2-4) and
what greendiag adds to them.
"""

from greendiag.forms.contexts import CONTEXT_MODELS, build_context
from greendiag.forms.render import (
    ENTERPRISE_DOCUMENTS,
    PARK_DOCUMENTS,
    DocumentSpec,
    contexts_for,
    documents_for,
    jinja_env,
    output_names,
    render_all,
    render_document,
    render_documents,
    safe_name,
)
from greendiag.forms.templates import BUILDERS, template_bytes, write_templates

__all__ = [
    "BUILDERS", "CONTEXT_MODELS", "DocumentSpec", "ENTERPRISE_DOCUMENTS", "PARK_DOCUMENTS", "build_context",
    "contexts_for", "documents_for", "jinja_env", "output_names", "render_all", "render_document",
    "render_documents", "safe_name", "template_bytes", "write_templates",
]
