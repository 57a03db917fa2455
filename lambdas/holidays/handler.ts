import { dynamoClient } from '../store/dynamodb-client';
import { handle } from 'hono/aws-lambda';
import { ApiConfig } from '../api/api-config';
import { makeApi } from '../api/make-api';
import { systemClock } from '../clock';
import { documentClient } from '../store/document-client';
import { dateHolidaysCalendar } from './date-holidays-calendar';

/**
 * The same API app with the public-holiday data wired in; API Gateway sends it only
 * GET /v1/holidays and /v1/holidays/countries. A function of its own because the data is about
 * 1.5 MB: in the api function it would triple the bundle and the cold start of every request.
 */
const config = ApiConfig.parse(process.env);
const app = makeApi(config, documentClient(dynamoClient()), systemClock, { holidays: dateHolidaysCalendar() });

export const handler = handle(app);
