"""Project templates ``tape init`` copies (``*.tmpl`` files, ``$name`` substituted)."""
