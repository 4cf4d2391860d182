"""Coordinators' statistics: rollups of the interactions log, engagement metrics, the partnership's
six indicators, charts, CSV exports and the weekly digest (see the README, « Statistiques et indicateurs »)."""
