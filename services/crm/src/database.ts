import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';

export type CrmDatabase = PrismaClient;
export type CrmTransaction = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

export function createCrmDatabase(databaseUrl: string): CrmDatabase {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: 10 }) });
}
