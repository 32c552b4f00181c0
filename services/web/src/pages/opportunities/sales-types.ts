import type { Schemas } from '../../api/client';

// openapi-typescript renders a nullable Money reference as `Money & (Record<string, never> | null)`,
// which neither admits null nor matches what openapi-fetch returns; these say what the API sends.
type Money = Schemas['Money'];
export type Opportunity = Omit<Schemas['Opportunity'], 'amount'> & { amount: Money | null };
export type CompetitiveAnalysis = Omit<Schemas['CompetitiveAnalysis'], 'offer'> & { offer: Money | null };
