"""Telegram handlers, one module per audience or feature; each exports ``register(app)``."""
