"""Excel side of greendiag: ``udfs`` (functions registered through xlwings, UDF Modules = ``addin.udfs``),
``build`` (the .xlam add-in) and ``ribbon`` (its entry point)."""
