from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .api import api

METHODS = ("get", "post", "put", "patch", "delete")


@require_GET
def openapi_document(request):
    """The OpenAPI 3 document of the current version, at a stable address."""
    return JsonResponse(api.get_openapi_schema(path_prefix="/api/v1"), json_dumps_params={"ensure_ascii": False})


def _resolve(schema: dict, node):
    if isinstance(node, dict) and "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        return name, schema.get("components", {}).get("schemas", {}).get(name, {})
    return "", node or {}


@require_GET
def docs(request):
    """Readable documentation, drawn on the server from the OpenAPI document: no JavaScript needed."""
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    operations = []
    for path, item in schema["paths"].items():
        for method in METHODS:
            if method not in item:
                continue
            op = item[method]
            body = op.get("requestBody", {}).get("content", {})
            body_fields = []
            for content_type, content in body.items():
                _name, resolved = _resolve(schema, content.get("schema"))
                for field in resolved.get("properties", {}):
                    body_fields.append((field, content_type, field in resolved.get("required", [])))
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "id": op.get("operationId", ""),
                    "summary": op.get("summary", ""),
                    "tags": op.get("tags", []),
                    "parameters": [
                        (p["name"], p["in"], p.get("required", False), p.get("schema", {}).get("type", ""))
                        for p in op.get("parameters", [])
                    ],
                    "body": body_fields,
                    "responses": sorted(op.get("responses", {})),
                    "secured": bool(op.get("security")),
                }
            )
    return render(request, "api/docs.html", {"schema": schema, "operations": operations})
