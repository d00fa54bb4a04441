/**
 * @module server/openapi
 * The OpenAPI 3.1 document of the API, generated from the route specs and their zod schemas
 * (`z.toJSONSchema`), i.e. from the very objects the validators use.
 */
import { z } from 'zod';
import type { RouteSpec } from './route-spec.ts';
import { ErrorSchema } from './schemas.ts';

const schema = (s: z.ZodType) => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

/** The old field names of a route as deprecated properties beside the ones that replaced them. */
function withAliases(body: Record<string, unknown>, aliases: Readonly<Record<string, string>> | undefined): Record<string, unknown> {
  const properties = body.properties as Record<string, Record<string, unknown>> | undefined;
  if (!properties || !aliases) return body;
  const extra: Record<string, unknown> = {};
  for (const [old, name] of Object.entries(aliases)) if (properties[name]) extra[old] = { ...properties[name], deprecated: true, description: `old name of "${name}" (still read; the answer says it is deprecated)` };
  return { ...body, properties: { ...properties, ...extra } };
}

/**
 * The OpenAPI document for `routes`.
 * @example const doc = openApiDocument(ALL_ROUTES, '0.1.0'); doc.paths['/api/rdf'].post
 */
export function openApiDocument(routes: readonly RouteSpec[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.path.replace(/:(\w+)/g, '{$1}');
    const op: Record<string, unknown> = { summary: r.summary, operationId: `${r.method}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, ch: string | undefined) => (ch ? ch.toUpperCase() : ''))}` };
    if (r.description) op.description = r.description;
    if (r.params) {
      op.parameters = Object.entries(r.params.shape).map(([name, s]) => ({ name, in: 'path', required: true, schema: schema(s as z.ZodType), description: (s as z.ZodType).description }));
    }
    if (r.body) {
      const content: Record<string, unknown> = {};
      if (r.body.json) content['application/json'] = { schema: withAliases(schema(r.body.json), r.aliases) };
      if (r.body.form) content['multipart/form-data'] = { schema: withAliases(schema(r.body.form), r.aliases) };
      op.requestBody = { required: true, content };
      op.description = `${r.description ? `${r.description} ` : ''}A field not listed here is refused (400 UNKNOWN_FIELD); a deprecated field is read as its new name and the answer carries a \`deprecation\` note.`;
    }
    const responses: Record<string, unknown> = {};
    for (const [status, description] of Object.entries(r.responses)) {
      const code = Number(status);
      responses[status] =
        code >= 400
          ? { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }
          : { description, content: { [r.produces ?? 'application/json']: r.result && code === 200 ? { schema: schema(r.result) } : {} } };
    }
    op.responses = responses;
    (paths[path] ??= {})[r.method] = op;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'xasinv', version, description: 'XANES inversion: measured K-edge spectrum → local structure. Errors are {error: {code, message, details}}.' },
    paths,
    components: { schemas: { Error: schema(ErrorSchema) } },
  };
}
