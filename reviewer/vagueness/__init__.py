"""Vague-versus-specific sentence classifier for section 五 (spec §8).

``features`` holds the interpretable cues, ``model`` the scikit-learn pipeline and its JSON
persistence, ``train``/``evaluate``/``cli`` the commands, ``section`` the per-section metrics used by
rules V3xx (reviewer/rules/vague.py).
"""
