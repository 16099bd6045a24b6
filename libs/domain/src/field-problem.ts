/**
 * What a 4xx names: the field at fault (`coSigners.3`, `rows.12.startsAt`, `header.0`) and what is
 * wrong with it. Rules return these; the API and the CLI print them.
 */
export interface FieldProblem {
  field: string;
  message: string;
}
