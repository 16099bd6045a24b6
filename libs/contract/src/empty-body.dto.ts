/**
 * The body of an endpoint that takes none: no body, or `{}`. Anything else is refused with a 400
 * naming each field (an endpoint must never quietly ignore what it was told, e.g. a `publishAt`).
 * Each such endpoint names its own subclass, so the OpenAPI document says it takes an empty
 * object. The API's validation pipe enforces it (class-validator has nothing to check on a class
 * without properties).
 */
export class EmptyBodyDto {}
