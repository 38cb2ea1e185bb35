"""Chinese word segmentation: the jieba and spacy-pkuseg backends, the pkuseg domain model's
training and its evaluation on the hand-segmented gold sentences."""
