// The kinds of organisation a registrant names: a plain list, free of TypeBox, so that the registration and
// organiser pages import it without the schemas' runtime (registration.ts re-exports it beside its schema).
export const ORGANISATION_TYPES = ['local_authority', 'public_body', 'association', 'company', 'other'] as const
