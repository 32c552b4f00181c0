import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';

export type NotificationsDatabase = PrismaClient;
export type NotificationsTransaction = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

export function createNotificationsDatabase(databaseUrl: string): NotificationsDatabase {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: 10 }) });
}
