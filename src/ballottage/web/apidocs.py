"""``/docs``: the JSON API described on one page rendered here, from the app's OpenAPI schema.

FastAPI's own ``/docs`` loads Swagger UI from a CDN and stays blank offline; this page is plain
HTML and CSS from the project's Jinja2 template (``templates/api.html.j2``), with no script, so it
works with no network and under the page's Content-Security-Policy.

>>> rows = fields({"properties": {"n": {"type": "integer", "minimum": 1, "default": 3}},
...                "required": []}, {})
>>> [(r.name, r.type, r.required, r.limits) for r in rows]
[('n', 'integer', False, 'at least 1; default 3')]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ballottage.report.build import templates

_LIMITS = (
    ("minimum", "at least {}"),
    ("exclusiveMinimum", "above {}"),
    ("maximum", "at most {}"),
    ("exclusiveMaximum", "below {}"),
    ("minLength", "at least {} character(s)"),
    ("maxLength", "{} characters or fewer"),
    ("maxItems", "{} items or fewer"),
    ("maxProperties", "{} keys or fewer"),
)


Prose = list[tuple[str, bool]]
"""Text split into plain and ``code`` parts."""


def prose(text: str) -> Prose:
    """A docstring as one paragraph, split into plain text and ````code```` parts.

    >>> prose("The seats  (``allocation``) and more.")
    [('The seats (', False), ('allocation', True), (') and more.', False)]
    """
    parts = " ".join(text.split()).split("``")
    return [(part, i % 2 == 1) for i, part in enumerate(parts) if part]


def type_text(schema: Mapping[str, Any]) -> str:
    """A schema's type in words: ``list of string``, ``map of number``, ``ScenarioRequest``.

    >>> type_text({"anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "null"}]})
    'list of string, or null'
    """
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return ", or ".join(type_text(s) for s in schema["anyOf"])
    kind = schema.get("type")
    if kind == "array":
        return f"list of {type_text(schema.get('items', {}))}"
    if kind == "object" and isinstance(schema.get("additionalProperties"), Mapping):
        return f"map of {type_text(schema['additionalProperties'])}"
    if "enum" in schema:
        return " | ".join(str(v) for v in schema["enum"])
    return str(kind or "any")


def _limits(schema: Mapping[str, Any]) -> str:
    parts: list[str] = []
    for option in schema.get("anyOf", [schema]):
        parts.extend(text.format(option[key]) for key, text in _LIMITS if key in option)
    if "default" in schema and schema["default"] not in (None, [], {}):
        parts.append(f"default {schema['default']}")
    return "; ".join(parts)


@dataclass(frozen=True)
class FieldRow:
    """One property of a body: name, type, required, limits, description."""

    name: str
    type: str
    required: bool
    limits: str
    description: Prose


@dataclass(frozen=True)
class ParameterRow:
    """One parameter of a route (path or query)."""

    name: str
    where: str
    type: str
    required: bool
    description: Prose


@dataclass(frozen=True)
class Body:
    """The JSON body of a route: its model's name, description and fields."""

    name: str
    description: Prose
    fields: tuple[FieldRow, ...]


@dataclass(frozen=True)
class Answer:
    """One HTTP status a route answers."""

    status: str
    description: Prose


@dataclass(frozen=True)
class Operation:
    """One route and method."""

    method: str
    path: str
    anchor: str
    summary: str
    description: Prose
    parameters: tuple[ParameterRow, ...]
    body: Body | None
    responses: tuple[Answer, ...]


def fields(schema: Mapping[str, Any], components: Mapping[str, Any]) -> tuple[FieldRow, ...]:
    """One row per property of an object schema: name, type, required, limits, description."""
    required = set(schema.get("required", []))
    return tuple(
        FieldRow(
            name=name,
            type=type_text(prop),
            required=name in required,
            limits=_limits(prop),
            description=prose(prop.get("description", "")),
        )
        for name, prop in schema.get("properties", {}).items()
    )


def _body(op: Mapping[str, Any], components: Mapping[str, Any]) -> Body | None:
    content = op.get("requestBody", {}).get("content", {}).get("application/json")
    if not content:
        return None
    ref = type_text(content["schema"])
    schema = components.get(ref, content["schema"])
    return Body(
        name=ref,
        description=prose(schema.get("description", "")),
        fields=fields(schema, components),
    )


def operations(openapi: Mapping[str, Any]) -> list[Operation]:
    """Each route and method with its parameters, body and answers, in the schema's order."""
    components = openapi.get("components", {}).get("schemas", {})
    out = []
    for path, methods in openapi.get("paths", {}).items():
        for method, op in methods.items():
            anchor = f"{method}-{path.strip('/').replace('/', '-')}"
            out.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    anchor=anchor.replace("{", "").replace("}", ""),
                    summary=op.get("summary", ""),
                    description=prose(op.get("description", "")),
                    parameters=tuple(
                        ParameterRow(
                            name=p["name"],
                            where=p["in"],
                            type=type_text(p.get("schema", {})),
                            required=p.get("required", False),
                            description=prose(
                                p.get("description") or p.get("schema", {}).get("description", "")
                            ),
                        )
                        for p in op.get("parameters", [])
                    ),
                    body=_body(op, components),
                    responses=tuple(
                        Answer(status=status, description=answer.get("description", ""))
                        for status, answer in op.get("responses", {}).items()
                    ),
                )
            )
    return out


def api_page(openapi: Mapping[str, Any]) -> str:
    """The HTML of ``/docs``."""
    info = openapi.get("info", {})
    return (
        templates()
        .get_template("api.html.j2")
        .render(info=info, operations=operations(openapi), openapi_version=openapi["openapi"])
    )
