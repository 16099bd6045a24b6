/** Query strings carry text: `?cascade=true` becomes a boolean for class-validator; anything else stays as given (and fails @IsBoolean). */
export const queryBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);
