"""Facts extracted from articles: quotes with their speakers (``quotes``), and the
small spaCy loader they share (``nlp``). Every record holds character offsets
into ``Article.text``; nothing here copies or rewrites the article."""
