"""The local scenario page: a FastAPI app over the scenarios API (``ballottage serve``)."""
