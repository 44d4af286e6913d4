"""Word files: a reviewer's package read (tracked changes, comments, properties); python-docx formatting."""
