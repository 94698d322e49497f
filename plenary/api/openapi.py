"""The API object, with the answers every operation can give written into its OpenAPI document.

ninja documents only the responses an operation declares, but any operation under `/groups/{slug}` answers 404
for a group the public cannot see, and any operation with parameters answers 422 when they do not validate.
Schemathesis found both undocumented (a client generated from the document would not expect them); they are
added here for every operation, in one place, rather than repeated on each route.
"""

from typing import Any

from ninja import NinjaAPI

ERROR = {"$ref": "#/components/schemas/ErrorOut"}
VALIDATION_ERROR = {
    "title": "ValidationErrorOut",
    "type": "object",
    "properties": {"detail": {"title": "Detail", "type": "array", "items": {"type": "object"}}},
    "required": ["detail"],
}


def _json(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


class PlenaryAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict | None = None) -> Any:
        document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = document.setdefault("components", {}).setdefault("schemas", {})
        components["ValidationErrorOut"] = VALIDATION_ERROR
        for path, item in document.get("paths", {}).items():
            for operation in item.values():
                responses = operation.setdefault("responses", {})
                if "{" in path and "404" not in responses and 404 not in responses:
                    responses[404] = _json("Not Found", ERROR)
                if (operation.get("parameters") or operation.get("requestBody")) and 422 not in responses:
                    responses[422] = _json(
                        "The parameters do not validate", {"$ref": "#/components/schemas/ValidationErrorOut"}
                    )
        return document
