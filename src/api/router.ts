import Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { readJsonBody } from './body.js';
import { chineseParse, forbidden, invalidInput } from './errors.js';
import type { ApiRole, Principal } from './tokens.js';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** What a handler receives: validated input and the caller. */
export interface RouteInput<Q, B> {
  params: Record<string, string>;
  query: Q;
  body: B;
  principal: Principal;
  ctx: Context;
}

/** One API operation: registered on the router and described in the OpenAPI document from the same object. */
export interface RouteSpec<Q = Record<string, unknown>, B = undefined> {
  method: Method;
  /** Koa path, e.g. /api/recommendations/:id */
  path: string;
  summary: string;
  tag: string;
  /** Roles that may call it; every /api route requires a caller. */
  roles: readonly ApiRole[];
  /** What a caller of another role is told (403); a general sentence unless set. */
  refusal?: string;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** What a success answer carries; `xlsx` when the route can answer a spreadsheet (format=xlsx). */
  produces?: Array<'json' | 'xlsx' | 'binary'>;
  /** Status of a success answer (200 unless set). */
  status?: number;
  /** Returns the JSON body; or sets ctx.body itself and returns undefined. */
  handle(input: RouteInput<Q, B>): Promise<unknown>;
}

/** Routes under /api, each validated, role-checked and described for /api/openapi.json. */
export class ApiRouter {
  readonly specs: RouteSpec<unknown, unknown>[] = [];
  constructor(readonly router: Router) {}

  add<Q, B>(spec: RouteSpec<Q, B>): void {
    this.specs.push(spec as unknown as RouteSpec<unknown, unknown>); // cast: stored for description only
    this.router[spec.method](spec.path, async (ctx) => {
      const principal = ctx.state.principal as Principal;
      if (!spec.roles.includes(principal.role)) throw forbidden(spec.refusal);
      const query = parse(spec.query, ctx.query);
      const body = (spec.body ? parse(spec.body, await readJsonBody(ctx)) : undefined) as B; // validated by spec.body when it has one
      const result = await spec.handle({ params: ctx.params as Record<string, string>, query: query as Q, body, principal, ctx });
      if (result !== undefined) {
        ctx.status = spec.status ?? 200;
        ctx.body = result;
      }
    });
  }
}

function parse<T>(schema: z.ZodType<T> | undefined, value: unknown): T | Record<string, unknown> {
  if (!schema) return {};
  const result = schema.safeParse(value, chineseParse);
  if (!result.success) throw invalidInput(result.error);
  return result.data;
}

/** Koa's `:id` path parameters in OpenAPI's `{id}` form. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** The OpenAPI 3.1 document of the registered routes (plus the unauthenticated session routes passed in). */
export function openApiDocument(specs: RouteSpec<unknown, unknown>[], extra: Record<string, unknown>): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of specs) {
    const path = openApiPath(spec.path);
    const pathParams = [...spec.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const querySchema = spec.query ? (z.toJSONSchema(spec.query, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown>; required?: string[] }) : undefined;
    const queryParams = Object.entries(querySchema?.properties ?? {}).map(([name, schema]) => ({ name, in: 'query', required: querySchema?.required?.includes(name) ?? false, schema }));
    const produces = spec.produces ?? ['json'];
    const content: Record<string, unknown> = {};
    if (produces.includes('json')) content['application/json'] = {};
    if (produces.includes('xlsx')) content['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] = {};
    if (produces.includes('binary')) content['application/octet-stream'] = {};
    (paths[path] ??= {})[spec.method] = {
      summary: spec.summary,
      tags: [spec.tag],
      security: [{ bearer: [] }, { session: [] }],
      'x-roles': spec.roles,
      parameters: [...pathParams, ...queryParams],
      ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(spec.body, { io: 'input', unrepresentable: 'any' }) } } } } : {}),
      responses: {
        [String(spec.status ?? 200)]: { description: 'OK', content },
        400: { description: '输入有误', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        401: { description: '未登录', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        403: { description: '无权限', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
    };
  }
  for (const [path, ops] of Object.entries(extra)) paths[path] = { ...(paths[path] ?? {}), ...(ops as Record<string, unknown>) };
  return {
    openapi: '3.1.0',
    info: { title: '衔接助手 管理接口', version: '1.0.0', description: 'Admin API of the linkage bot. Every /api route but POST /api/login and this description needs a bearer token from API_TOKENS or a dashboard session.' },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'lb_session' } },
      schemas: { Error: { type: 'object', required: ['error', 'message'], properties: { error: { type: 'string' }, message: { type: 'string' }, details: { type: 'array' } } } },
    },
    paths,
  };
}
