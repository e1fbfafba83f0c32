// The «Medici e operatori» and session channels, spread into createHandlers' result (handlers.ts).
import { ok, type Result } from '../../../../contract/result.js';
import type { RequestOf, ResponseOf } from '../../../../contract/api.js';
import type { PeopleService } from './people-service.js';

export type PeopleChannel =
  'people:get' | 'people:save-doctor' | 'people:remove-doctor' | 'people:save-operator' | 'people:remove-operator' | 'session:get' | 'session:set-operator';

type PeopleHandlers = { [C in PeopleChannel]: (req: RequestOf<C>) => Result<ResponseOf<C>> | Promise<Result<ResponseOf<C>>> };

export function createPeopleHandlers(people: PeopleService): PeopleHandlers {
  // A change of operator answers once the CART connection signs with the new person: a document queued
  // right after «Cambia operatore» never leaves in the previous person's name.
  const settled = async <T>(r: Result<T>): Promise<Result<T>> => {
    await people.reconnected();
    return r;
  };
  return {
    'people:get': () => ok(people.overview()),
    'people:save-doctor': (req) => people.saveDoctor(req.doctor),
    'people:remove-doctor': (req) => people.removeDoctor(req.id),
    'people:save-operator': (req) => settled(people.saveOperator(req.operator, req.previousFiscalCode)),
    'people:remove-operator': (req) => settled(people.removeOperator(req.fiscalCode)),
    'session:get': () => settled(ok(people.session())),
    'session:set-operator': (req) => settled(people.setOperator(req.fiscalCode)),
  };
}
