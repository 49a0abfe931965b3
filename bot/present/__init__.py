"""Every word and picture users see: answers, messages, comparison tables and charts."""
