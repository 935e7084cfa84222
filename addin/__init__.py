"""Excel side of greendiag: ``udfs`` (functions registered through xlwings, UDF Modules = ``greendiag.addin.udfs``),
``build`` (the .xlam add-in) and ``ribbon`` (its entry point)."""
