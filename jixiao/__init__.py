"""jixiao: an analytical warehouse of Chinese government budget performance documents."""

__version__ = "0.1.0"
