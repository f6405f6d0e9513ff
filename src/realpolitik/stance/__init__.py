"""Stances, factions, and the opportunities and risks a situation holds for a focal actor."""
