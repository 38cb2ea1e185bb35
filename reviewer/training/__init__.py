"""`reviewer train`: rebuild every model in models/ from corpus/, deterministically, with a manifest."""
