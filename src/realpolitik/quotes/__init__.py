"""Quotes: who said what. The attribution component and its trained model."""
