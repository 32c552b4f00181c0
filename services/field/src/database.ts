import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';

export type FieldDatabase = PrismaClient;
export type FieldTransaction = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

export function createFieldDatabase(databaseUrl: string): FieldDatabase {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: 10 }) });
}
