"""Errors the services raise. Entry points turn them into data: {field, code, message}."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class ErrorDetail:
    field: str | None
    code: str
    message: str

    def as_dict(self):
        return {"field": self.field, "code": self.code, "message": str(self.message)}


class ServiceError(Exception):
    code = "invalid"

    def __init__(self, message="", field=None, code=None, errors=None):
        self.errors = list(errors) if errors else [ErrorDetail(field, code or self.code, str(message))]
        super().__init__("; ".join(e.message for e in self.errors))

    @property
    def first(self):
        return self.errors[0]


class Forbidden(ServiceError):
    code = "forbidden"


class NotFound(ServiceError):
    code = "not_found"


class Conflict(ServiceError):
    code = "conflict"


class InvalidTransition(ServiceError):
    code = "invalid_transition"


class Invalid(ServiceError):
    code = "invalid"

    @classmethod
    def from_django(cls, exc: ValidationError):
        """Map a Django ValidationError (possibly a field dict) to field-level errors."""
        details = []
        if hasattr(exc, "error_dict"):
            for field, errs in exc.error_dict.items():
                for err in errs:
                    details.append(_detail(None if field == "__all__" else field, err))
        else:
            for err in exc.error_list:
                details.append(_detail(None, err))
        return cls(errors=details)


def _detail(field, err):
    # Check constraints name the field they guard in their violation_error_code.
    if field is None and err.code and err.code not in {"invalid", "unique", "constraint"}:
        field = err.code
    code = "required" if err.code in {"required", "blank", "null"} else "invalid"
    message = err.message % err.params if err.params else err.message
    return ErrorDetail(field, code, str(message))
