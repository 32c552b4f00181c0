import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';

export type IdentityDatabase = PrismaClient;
export type IdentityTransaction = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

export function createIdentityDatabase(databaseUrl: string): IdentityDatabase {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: 10 }) });
}
