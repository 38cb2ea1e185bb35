"""`reviewer eval WHAT`: the evaluation commands measured against hand annotations and generated truth."""
