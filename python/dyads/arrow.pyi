from typing import Any

EVENT_SCHEMA: Any
def events_to_table(per_doc: list[list[dict[str, Any]]]) -> Any: ...
