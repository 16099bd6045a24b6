import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('agencies')
export class AgencyEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', name: 'short_name' })
  shortName: string;

  @Column({ type: 'varchar', length: 16 })
  level: 'national' | 'provincial';

  @Column({ type: 'varchar', length: 32, name: 'parent_code', nullable: true })
  parentCode: string | null;
}
