import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import type { TSchema } from "typebox";

let ajv: Ajv2020 | undefined;
const compiled = new WeakMap<TSchema, ValidateFunction>();

/**
 * One ajv instance for every schema, compiled on first use. `allErrors` so a user sees every problem
 * of a document at once; `patternErrorMessage` is the annotation editors (yaml-language-server) show
 * for a failed pattern, and Slipway shows the same words.
 */
export function compiledValidator(schema: TSchema): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    ajv ??= createAjv();
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

function createAjv(): Ajv2020 {
  const instance = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
  instance.addKeyword({ keyword: "patternErrorMessage", schemaType: "string" });
  return instance;
}
