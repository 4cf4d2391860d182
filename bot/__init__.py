"""Passerelle Commerce: a Telegram assistant for the UNML-Opcommerce partnership."""
