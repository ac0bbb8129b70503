"""Renderers: they format what earlier stages produced and compute nothing themselves."""
